;; A core module touching many post-MVP features, all on by default in wasm-tools 1.262:
;; GC types (rec groups, structs, arrays, subtyping, i31), function references, exceptions
;; (tags, try_table, throw, throw_ref), SIMD, memory64, multi-memory, tables with initializer
;; expressions, passive and declared element segments, passive data (so a data count section),
;; bulk memory, extended constant expressions, tail calls, sign extension, multi-value, and
;; saturating float-to-int conversion.
(module $features
  ;; --- types ---------------------------------------------------------------------------------
  (rec
    (type $node (sub (struct (field $value i32) (field $next (ref null $node)))))
    (type $tagged (sub final $node (struct (field $value i32) (field $next (ref null $node))
                                         (field $tag (mut i64))))))
  (type $bytes (array (mut i8)))
  (type $point (struct (field $x f64) (field $y (mut f64))))
  (type $points (array (ref null $point)))
  (type $unary (func (param i32) (result i32)))
  (type $pair (func (param i32 i64) (result i64 i32)))
  (type $shape (sub (func (param (ref $point)) (result f64))))

  ;; --- imports -------------------------------------------------------------------------------
  (import "env" "base" (global $base i32))
  (import "env" "shared" (memory $imported 1 2))

  ;; --- memories: 32-bit (plus the imported one), and a 64-bit one ------------------------------
  (memory $small 1 4)
  (memory $big i64 1)

  ;; --- tables with initializer expressions -----------------------------------------------------
  (table $funcs 4 8 (ref null $unary) (ref.func $double))
  (table $any 2 anyref (ref.i31 (i32.const 7)))
  (table $wide i64 1 funcref)

  ;; --- tags ----------------------------------------------------------------------------------
  (tag $error (param i32))
  (tag $empty)

  ;; --- globals with extended constant expressions ----------------------------------------------
  (global $offset i32 (i32.add (global.get $base) (i32.const 16)))
  (global $origin (ref $point) (struct.new $point (f64.const 0) (f64.const 0)))
  (global $counter (mut i64) (i64.const 0))

  ;; --- functions -----------------------------------------------------------------------------
  (func $double (type $unary) (i32.mul (local.get 0) (i32.const 2)))

  (func $sum_list (export "sum_list") (param $n (ref null $node)) (result i32)
    (local $acc i32)
    (block $done
      (loop $next
        (local.set $acc
          (i32.add (local.get $acc)
                   (struct.get $node $value (br_on_null $done (local.get $n)))))
        (local.set $n (struct.get $node $next (local.get $n)))
        (br $next)))
    (local.get $acc))

  (func $cast (export "cast") (param $r anyref) (result i32)
    (block $not_i31 (result anyref)
      (return (i31.get_s (br_on_cast_fail $not_i31 anyref (ref i31) (local.get $r)))))
    (drop)
    (ref.test (ref $node) (any.convert_extern (extern.convert_any (local.get $r)))))

  (func $buffer (export "buffer") (param $len i32) (result (ref $bytes))
    (array.new $bytes (i32.const 0) (local.get $len)))

  (func $area (type $shape) (param $p (ref $point)) (result f64)
    (f64.mul (struct.get $point $x (local.get $p)) (struct.get $point $y (local.get $p))))

  (func $checked (export "checked") (param $x i32) (result i32)
    (block $caught (result i32)
      (try_table (result i32) (catch $error $caught)
        (if (i32.lt_s (local.get $x) (i32.const 0))
          (then (throw $error (local.get $x))))
        (local.get $x))))

  (func $rethrow (param $x i32)
    (block $caught (result exnref)
      (try_table (catch_all_ref $caught)
        (throw $empty))
      (unreachable))
    (throw_ref))

  (func $swap (type $pair) (local.get 1) (local.get 0))

  (func $call_ref (export "call_ref") (param $x i32) (result i32)
    (call_ref $unary (local.get $x) (ref.func $double)))

  (func $tail (param $x i32) (result i32)
    (return_call $double (local.get $x)))

  (func $simd (export "simd") (param $a v128) (param $b v128) (result v128)
    (i32x4.add
      (f32x4.convert_i32x4_s (i8x16.swizzle (local.get $a) (local.get $b)))
      (v128.const i32x4 1 2 3 4)))

  (func $memories (export "memories") (result i64)
    ;; multi-memory: copy between memories; memory64 addresses are i64
    (memory.copy $small $imported (i32.const 0) (i32.const 0) (i32.const 4))
    (i64.store $big (i64.const 8) (i64.load $big (i64.const 0)))
    (memory.init $small $blob (i32.const 0) (i32.const 0) (i32.const 3))
    (data.drop $blob)
    (memory.fill $big (i64.const 0) (i32.const 0) (i64.const 16))
    (i64.extend_i32_s (i32.extend8_s (i32.trunc_sat_f32_s (f32.const 1.5))))
    (drop (v128.load $big (i64.const 32)))
    (i64.add (memory.size $big)))

  (func $tables (export "tables") (result i32)
    (table.init $funcs $lazy (i32.const 0) (i32.const 0) (i32.const 1))
    (elem.drop $lazy)
    (call_indirect $funcs (type $unary) (i32.const 21) (i32.const 0)))

  ;; --- element segments: active with expressions, passive, declared ----------------------------
  (elem $init (table $funcs) (i32.const 1) (ref null $unary) (ref.func $double) (ref.null $unary))
  (elem $lazy (ref null $unary) (ref.func $double))
  (elem declare func $area $swap $tail)

  ;; --- data: active in the second memory, active in memory64, passive --------------------------
  (data (memory $small) (i32.const 0) "small")
  (data (memory $big) (i64.const 0) "\01\00\00\00\00\00\00\00")
  (data $blob "abc")

  (start $init_nothing)
  (func $init_nothing)
)
