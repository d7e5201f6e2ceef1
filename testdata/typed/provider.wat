;; Hand-written provider of example:typed/types@0.1.0 (world `provider` in typed.wit).
;;
;; A handle's representation is its value. `make` and `check` return through fixed areas of this
;; component's memory (0x100: top, 12 bytes; 0x200: result<_, error>, 12 bytes).
(component
  (type $leaf (record (field "value" u32)))
  (type $mid (record (field "leaf" $leaf) (field "tag" u8)))
  (type $top (record (field "mid" $mid) (field "count" u32)))
  (type $error (variant (case "not-found") (case "io" u32)))
  (type $check-result (result (error $error)))
  (type $handle (resource (rep i32)))
  (core func $handle-new (canon resource.new $handle))

  (core module $main
    (import "env" "[resource-new]handle" (func $new (param i32) (result i32)))
    (memory (export "memory") 1)
    (func (export "[constructor]handle") (param $v i32) (result i32)
      (call $new (local.get $v)))
    (func (export "[method]handle.get") (param $self i32) (result i32)
      (local.get $self))
    (func (export "make") (param $v i32) (result i32)
      (i32.store (i32.const 0x100) (local.get $v))                          ;; mid.leaf.value
      (i32.store8 (i32.const 0x104) (i32.const 7))                          ;; mid.tag
      (i32.store (i32.const 0x108) (i32.add (local.get $v) (i32.const 1)))  ;; count
      (i32.const 0x100))
    (func (export "check") (param $code i32) (result i32)
      (if (i32.eqz (local.get $code))
        (then
          (i32.store8 (i32.const 0x200) (i32.const 0))                      ;; ok
          (return (i32.const 0x200))))
      (i32.store8 (i32.const 0x200) (i32.const 1))                          ;; err
      (if (i32.eq (local.get $code) (i32.const 1))
        (then (i32.store8 (i32.const 0x204) (i32.const 0)))                 ;; not-found
        (else
          (i32.store8 (i32.const 0x204) (i32.const 1))                      ;; io(code)
          (i32.store (i32.const 0x208) (local.get $code))))
      (i32.const 0x200)))
  (core instance $main (instantiate $main
    (with "env" (instance (export "[resource-new]handle" (func $handle-new))))))
  (alias core export $main "memory" (core memory $memory))

  (func $ctor (param "v" u32) (result (own $handle)) (canon lift (core func $main "[constructor]handle")))
  (func $get (param "self" (borrow $handle)) (result u32) (canon lift (core func $main "[method]handle.get")))
  (func $make (param "v" u32) (result $top) (canon lift (core func $main "make") (memory $memory)))
  (func $check (param "code" u32) (result $check-result) (canon lift (core func $main "check") (memory $memory)))

  ;; The interface, built by a nested component that imports the types and functions and exports
  ;; them again with types of its own (as wit-component builds it): an exported record may only
  ;; refer to types named where it is exported, and a resource must be named where the functions
  ;; using it are exported.
  (component $interface
    (type $leaf0 (record (field "value" u32)))
    (import "import-type-leaf" (type $leaf (eq $leaf0)))
    (type $mid0 (record (field "leaf" $leaf) (field "tag" u8)))
    (import "import-type-mid" (type $mid (eq $mid0)))
    (type $top0 (record (field "mid" $mid) (field "count" u32)))
    (import "import-type-top" (type $top (eq $top0)))
    (type $error0 (variant (case "not-found") (case "io" u32)))
    (import "import-type-error" (type $error (eq $error0)))
    (import "import-type-handle" (type $h (sub resource)))
    (import "import-constructor" (func $ctor (param "v" u32) (result (own $h))))
    (import "import-get" (func $get (param "self" (borrow $h)) (result u32)))
    (import "import-make" (func $make (param "v" u32) (result $top)))
    (type $cr0 (result (error $error)))
    (import "import-check" (func $check (param "code" u32) (result $cr0)))
    ;; The exported types are defined again here, each in terms of the exported ones before it.
    (type $leaf1 (record (field "value" u32)))
    (export $leaf-e "leaf" (type $leaf1))
    (type $mid1 (record (field "leaf" $leaf-e) (field "tag" u8)))
    (export $mid-e "mid" (type $mid1))
    (type $top1 (record (field "mid" $mid-e) (field "count" u32)))
    (export $top-e "top" (type $top1))
    (type $error1 (variant (case "not-found") (case "io" u32)))
    (export $error-e "error" (type $error1))
    (export $handle-e "handle" (type $h))
    (export "[constructor]handle" (func $ctor) (func (param "v" u32) (result (own $handle-e))))
    (export "[method]handle.get" (func $get) (func (param "self" (borrow $handle-e)) (result u32)))
    (export "make" (func $make) (func (param "v" u32) (result $top-e)))
    (type $cr (result (error $error-e)))
    (export "check" (func $check) (func (param "code" u32) (result $cr))))
  (instance $types (instantiate $interface
    (with "import-type-leaf" (type $leaf))
    (with "import-type-mid" (type $mid))
    (with "import-type-top" (type $top))
    (with "import-type-error" (type $error))
    (with "import-type-handle" (type $handle))
    (with "import-constructor" (func $ctor))
    (with "import-get" (func $get))
    (with "import-make" (func $make))
    (with "import-check" (func $check))))
  (export "example:typed/types@0.1.0" (instance $types))
)
