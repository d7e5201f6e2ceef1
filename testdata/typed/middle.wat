;; Hand-written provider of example:typed/shapes@0.1.0 that imports example:typed/types@0.1.0
;; (world `middle` in typed.wit): `boxed(v)` is { top: make(v), label: 42 }, returned at 0x100.
(component
  (import "example:typed/types@0.1.0" (instance $types
    (type $leaf0 (record (field "value" u32)))
    (export "leaf" (type $leaf (eq $leaf0)))
    (type $mid0 (record (field "leaf" $leaf) (field "tag" u8)))
    (export "mid" (type $mid (eq $mid0)))
    (type $top0 (record (field "mid" $mid) (field "count" u32)))
    (export "top" (type $top (eq $top0)))
    (export "make" (func (param "v" u32) (result $top)))))
  (alias export $types "leaf" (type $leaf))
  (alias export $types "mid" (type $mid))
  (alias export $types "top" (type $top))
  (alias export $types "make" (func $make))

  (core module $heap
    (memory (export "memory") 1))
  (core instance $heap (instantiate $heap))
  (alias core export $heap "memory" (core memory $memory))
  (core func $make-core (canon lower (func $make) (memory $memory)))

  (core module $main
    (import "env" "memory" (memory 1))
    (import "types" "make" (func $make (param i32 i32)))
    (func (export "boxed") (param $v i32) (result i32)
      (call $make (local.get $v) (i32.const 0x100))
      (i32.store8 (i32.const 0x10c) (i32.const 42))
      (i32.const 0x100)))
  (core instance $main (instantiate $main
    (with "env" (instance (export "memory" (memory $memory))))
    (with "types" (instance (export "make" (func $make-core))))))

  (type $box (record (field "top" $top) (field "label" u8)))
  (func $boxed (param "v" u32) (result $box) (canon lift (core func $main "boxed") (memory $memory)))

  (component $shapes
    (type $leaf0 (record (field "value" u32)))
    (import "import-type-leaf" (type $leaf (eq $leaf0)))
    (type $mid0 (record (field "leaf" $leaf) (field "tag" u8)))
    (import "import-type-mid" (type $mid (eq $mid0)))
    (type $top0 (record (field "mid" $mid) (field "count" u32)))
    (import "import-type-top" (type $top (eq $top0)))
    (type $box0 (record (field "top" $top) (field "label" u8)))
    (import "import-type-box" (type $box (eq $box0)))
    (import "import-func-boxed" (func $boxed (param "v" u32) (result $box)))
    ;; `use types.{top}`: re-exported; `box` is shapes' own.
    (export $top-e "top" (type $top))
    (type $box1 (record (field "top" $top-e) (field "label" u8)))
    (export $box-e "box" (type $box1))
    (export "boxed" (func $boxed) (func (param "v" u32) (result $box-e))))
  (instance $shapes (instantiate $shapes
    (with "import-type-leaf" (type $leaf))
    (with "import-type-mid" (type $mid))
    (with "import-type-top" (type $top))
    (with "import-type-box" (type $box))
    (with "import-func-boxed" (func $boxed))))
  (export "example:typed/shapes@0.1.0" (instance $shapes))
)
