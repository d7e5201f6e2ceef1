;; A core module whose identifiers become a `name` section (wasm-tools parse emits one subsection
;; per kind): module, function, local, label, type, table, memory, global, element, data, field
;; and tag names.
(module $names
  (type $binop (func (param i32 i32) (result i32)))
  (type $pair (struct (field $first i32) (field $second (mut i64))))
  (import "env" "log" (func $log (param i32)))
  (table $callbacks 2 funcref)
  (memory $heap 1)
  (global $counter (mut i32) (i32.const 0))
  (tag $oops (param i32))

  (func $add (type $binop) (param $lhs i32) (param $rhs i32) (result i32)
    (local $sum i32)
    (local.set $sum (i32.add (local.get $lhs) (local.get $rhs)))
    (call $log (local.get $sum))
    (local.get $sum))

  (func $bump (export "bump") (result i32)
    (local $old i32) (local $new i32)
    (local.set $old (global.get $counter))
    (local.set $new (call $add (local.get $old) (i32.const 1)))
    (global.set $counter (local.get $new))
    (local.get $new))

  (func $count_down (param $n i32) (result i32)
    (local $steps i32)
    (block $exit
      (loop $again
        (br_if $exit (i32.eqz (local.get $n)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (local.set $steps (i32.add (local.get $steps) (i32.const 1)))
        (br $again)))
    (local.get $steps))

  (func $make_pair (result (ref $pair))
    (struct.new $pair (i32.const 1) (i64.const 2)))

  ;; A function with no names on its parameters: its local names list only the named local.
  (func $unnamed_params (param i32 i64) (local $only f32))

  (elem $table_init (table $callbacks) (i32.const 0) func $add $bump)
  (data $greeting (memory $heap) (i32.const 16) "hi")
)
