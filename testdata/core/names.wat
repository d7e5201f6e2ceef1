;; A core module whose identifiers become a `name` section: module, function, local, type, table,
;; memory, global, element, data and tag names (wasm-tools parse emits them all; labels are not).
(module $names
  (type $binop (func (param i32 i32) (result i32)))
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

  ;; A function with no names on its parameters: its local names list only the named local.
  (func $unnamed_params (param i32 i64) (local $only f32))

  (elem $table_init (table $callbacks) (i32.const 0) func $add $bump)
  (data $greeting (memory $heap) (i32.const 16) "hi")
)
