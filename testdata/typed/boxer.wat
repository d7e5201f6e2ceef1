;; Hand-written consumer of example:typed/shapes@0.1.0 (world `boxer` in typed.wit): `run(v)` returns
;; `boxed(v)`, a `box` named by the world's `use shapes.{box}`. `shapes` uses `top` of
;; example:typed/types@0.1.0, which the world therefore imports too.
(component
  (import "example:typed/types@0.1.0" (instance $types
    (type $leaf0 (record (field "value" u32)))
    (export "leaf" (type $leaf (eq $leaf0)))
    (type $mid0 (record (field "leaf" $leaf) (field "tag" u8)))
    (export "mid" (type $mid (eq $mid0)))
    (type $top0 (record (field "mid" $mid) (field "count" u32)))
    (export "top" (type $top (eq $top0)))))
  (alias export $types "top" (type $types-top))
  (import "example:typed/shapes@0.1.0" (instance $shapes
    (alias outer 1 $types-top (type $outer-top))
    (export "top" (type $top (eq $outer-top)))
    (type $box0 (record (field "top" $top) (field "label" u8)))
    (export "box" (type $box (eq $box0)))
    (export "boxed" (func (param "v" u32) (result $box)))))
  (alias export $shapes "box" (type $shapes-box))
  (import "box" (type $box (eq $shapes-box)))
  (alias export $shapes "boxed" (func $boxed))

  (core module $heap
    (memory (export "memory") 1))
  (core instance $heap (instantiate $heap))
  (alias core export $heap "memory" (core memory $memory))
  (core func $boxed-core (canon lower (func $boxed) (memory $memory)))

  (core module $main
    (import "env" "memory" (memory 1))
    (import "shapes" "boxed" (func $boxed (param i32 i32)))
    (func (export "run") (param $v i32) (result i32)
      (call $boxed (local.get $v) (i32.const 0x100))
      (i32.const 0x100)))
  (core instance $main (instantiate $main
    (with "env" (instance (export "memory" (memory $memory))))
    (with "shapes" (instance (export "boxed" (func $boxed-core))))))

  (func $run (param "v" u32) (result $box) (canon lift (core func $main "run") (memory $memory)))
  (export "run" (func $run))
)
