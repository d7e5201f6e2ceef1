;; Hand-written consumer of example:typed/types@0.1.0 (world `consumer` in typed.wit), laid out as
;; wit-component lays one out: the world's `use types.{top, error}` is a pair of type imports bound
;; to the imported interface's types, which `run` uses; the exported interface `api` is built by a
;; nested component instantiated with the types it re-exports.
;;
;; Memory ($heap): 0x200 check's result, 0x210 make's result, 0x300 run's result (16 bytes),
;; 0x400 wrap's result (16 bytes).
(component
  (import "example:typed/types@0.1.0" (instance $types
    (type $leaf0 (record (field "value" u32)))
    (export "leaf" (type $leaf (eq $leaf0)))
    (type $mid0 (record (field "leaf" $leaf) (field "tag" u8)))
    (export "mid" (type $mid (eq $mid0)))
    (type $top0 (record (field "mid" $mid) (field "count" u32)))
    (export "top" (type $top (eq $top0)))
    (type $error0 (variant (case "not-found") (case "io" u32)))
    (export "error" (type $error (eq $error0)))
    (export "handle" (type $handle (sub resource)))
    (export "[constructor]handle" (func (param "v" u32) (result (own $handle))))
    (export "[method]handle.get" (func (param "self" (borrow $handle)) (result u32)))
    (export "make" (func (param "v" u32) (result $top)))
    (type $cr (result (error $error)))
    (export "check" (func (param "code" u32) (result $cr)))))
  (alias export $types "top" (type $types-top))
  (import "top" (type $top (eq $types-top)))
  (alias export $types "error" (type $types-error))
  (import "error" (type $error (eq $types-error)))
  (alias export $types "leaf" (type $leaf))
  (alias export $types "mid" (type $mid))
  (alias export $types "handle" (type $handle))

  (core module $heap
    (memory (export "memory") 1))
  (core instance $heap (instantiate $heap))
  (alias core export $heap "memory" (core memory $memory))

  (alias export $types "[constructor]handle" (func $ctor))
  (alias export $types "[method]handle.get" (func $get))
  (alias export $types "make" (func $make))
  (alias export $types "check" (func $check))
  (core func $ctor-core (canon lower (func $ctor)))
  (core func $get-core (canon lower (func $get)))
  (core func $make-core (canon lower (func $make) (memory $memory)))
  (core func $check-core (canon lower (func $check) (memory $memory)))
  (core func $drop-core (canon resource.drop $handle))

  (core module $main
    (import "env" "memory" (memory 1))
    (import "types" "[constructor]handle" (func $ctor (param i32) (result i32)))
    (import "types" "[method]handle.get" (func $get (param i32) (result i32)))
    (import "types" "make" (func $make (param i32 i32)))
    (import "types" "check" (func $check (param i32 i32)))
    (import "types" "[resource-drop]handle" (func $drop (param i32)))

    ;; result<top, error>: 0 ok(make(code)) when check(code) is ok, else 1 err(the error).
    (func (export "run") (param $code i32) (result i32)
      (call $check (local.get $code) (i32.const 0x200))
      (if (i32.eqz (i32.load8_u (i32.const 0x200)))
        (then
          (call $make (local.get $code) (i32.const 0x210))
          (i32.store8 (i32.const 0x300) (i32.const 0))
          (memory.copy (i32.const 0x304) (i32.const 0x210) (i32.const 12)))
        (else
          (i32.store8 (i32.const 0x300) (i32.const 1))
          (i32.store8 (i32.const 0x304) (i32.load8_u (i32.const 0x204)))
          (i32.store (i32.const 0x308) (i32.load (i32.const 0x208)))))
      (i32.const 0x300))

    ;; wrapper { inner: make(v), extra: 99 }
    (func (export "wrap") (param $v i32) (result i32)
      (call $make (local.get $v) (i32.const 0x400))
      (i32.store (i32.const 0x40c) (i32.const 99))
      (i32.const 0x400))

    ;; top flattened: mid.leaf.value, mid.tag, count.
    (func (export "sum") (param $value i32) (param $tag i32) (param $count i32) (result i32)
      (i32.add (local.get $value) (local.get $count)))

    (func (export "open") (param $v i32) (result i32)
      (call $ctor (local.get $v)))

    ;; A borrowed handle must be dropped before returning.
    (func (export "read") (param $h i32) (result i32)
      (local $value i32)
      (local.set $value (call $get (local.get $h)))
      (call $drop (local.get $h))
      (local.get $value)))
  (core instance $main (instantiate $main
    (with "env" (instance (export "memory" (memory $memory))))
    (with "types" (instance
      (export "[constructor]handle" (func $ctor-core))
      (export "[method]handle.get" (func $get-core))
      (export "make" (func $make-core))
      (export "check" (func $check-core))
      (export "[resource-drop]handle" (func $drop-core))))))

  (type $run-result (result $top (error $error)))
  (func $run (param "code" u32) (result $run-result) (canon lift (core func $main "run") (memory $memory)))
  (export "run" (func $run))

  (type $wrapper (record (field "inner" $types-top) (field "extra" u32)))
  (func $wrap (param "v" u32) (result $wrapper) (canon lift (core func $main "wrap") (memory $memory)))
  (func $sum (param "t" $types-top) (result u32) (canon lift (core func $main "sum")))
  (func $open (param "v" u32) (result (own $handle)) (canon lift (core func $main "open")))
  (func $read (param "h" (borrow $handle)) (result u32) (canon lift (core func $main "read")))

  (component $api
    (type $leaf0 (record (field "value" u32)))
    (import "import-type-leaf" (type $leaf (eq $leaf0)))
    (type $mid0 (record (field "leaf" $leaf) (field "tag" u8)))
    (import "import-type-mid" (type $mid (eq $mid0)))
    (type $top0 (record (field "mid" $mid) (field "count" u32)))
    (import "import-type-top" (type $top (eq $top0)))
    (type $error0 (variant (case "not-found") (case "io" u32)))
    (import "import-type-error" (type $error (eq $error0)))
    (import "import-type-handle" (type $handle (sub resource)))
    (type $wrapper0 (record (field "inner" $top) (field "extra" u32)))
    (import "import-type-wrapper" (type $wrapper (eq $wrapper0)))
    (import "import-func-wrap" (func $wrap (param "v" u32) (result $wrapper)))
    (import "import-func-sum" (func $sum (param "t" $top) (result u32)))
    (import "import-func-open" (func $open (param "v" u32) (result (own $handle))))
    (import "import-func-read" (func $read (param "h" (borrow $handle)) (result u32)))
    ;; `use types.{top, error, handle}`: re-exported as they are; `wrapper` is api's own.
    (export $top-e "top" (type $top))
    (export "error" (type $error))
    (export $handle-e "handle" (type $handle))
    (type $wrapper1 (record (field "inner" $top-e) (field "extra" u32)))
    (export $wrapper-e "wrapper" (type $wrapper1))
    (export "wrap" (func $wrap) (func (param "v" u32) (result $wrapper-e)))
    (export "sum" (func $sum) (func (param "t" $top-e) (result u32)))
    (export "open" (func $open) (func (param "v" u32) (result (own $handle-e))))
    (export "read" (func $read) (func (param "h" (borrow $handle-e)) (result u32))))
  (instance $api (instantiate $api
    (with "import-type-leaf" (type $leaf))
    (with "import-type-mid" (type $mid))
    (with "import-type-top" (type $types-top))
    (with "import-type-error" (type $types-error))
    (with "import-type-handle" (type $handle))
    (with "import-type-wrapper" (type $wrapper))
    (with "import-func-wrap" (func $wrap))
    (with "import-func-sum" (func $sum))
    (with "import-func-open" (func $open))
    (with "import-func-read" (func $read))))
  (export "example:typed/api@0.1.0" (instance $api))
)
