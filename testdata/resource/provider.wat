;; Hand-written provider of example:counter/counters@0.1.0 (world `provider` in counter.wit).
;;
;; A counter's representation is the address of a 12-byte record {value, label_ptr, label_len} in
;; this component's memory. The destructor counts drops at address 16; `dropped` reads that count.
;; Core module $state (memory, allocator, destructor) comes first because the resource type needs
;; the destructor and $main needs `resource.new` of that type.
(component
  (core module $state
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 1024))
    (func (export "cabi_realloc")
      (param $old i32) (param $old_size i32) (param $align i32) (param $new_size i32) (result i32)
      (local $ptr i32) (local $end i32)
      (if (i32.and (i32.ne (local.get $old) (i32.const 0))
                   (i32.le_u (local.get $new_size) (local.get $old_size)))
        (then (return (local.get $old))))
      (local.set $ptr
        (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                 (i32.sub (i32.const 0) (local.get $align))))
      (local.set $end (i32.add (local.get $ptr) (local.get $new_size)))
      (if (i32.lt_u (local.get $end) (local.get $ptr)) (then unreachable))
      (if (i32.gt_u (local.get $end) (i32.shl (memory.size) (i32.const 16)))
        (then
          (if (i32.eq
                (memory.grow
                  (i32.sub (i32.shr_u (i32.add (local.get $end) (i32.const 0xffff)) (i32.const 16))
                           (memory.size)))
                (i32.const -1))
            (then unreachable))))
      (global.set $heap (local.get $end))
      (if (i32.ne (local.get $old) (i32.const 0))
        (then (memory.copy (local.get $ptr) (local.get $old) (local.get $old_size))))
      (local.get $ptr))
    (func (export "dtor") (param $rep i32)
      (i32.store (i32.const 16) (i32.add (i32.load (i32.const 16)) (i32.const 1)))))
  (core instance $state (instantiate $state))
  (alias core export $state "memory" (core memory $memory))
  (alias core export $state "cabi_realloc" (core func $realloc))
  (alias core export $state "dtor" (core func $dtor))

  (type $counter (resource (rep i32) (dtor (core func $dtor))))
  (core func $counter-new (canon resource.new $counter))

  (core module $main
    (import "env" "memory" (memory 1))
    (import "env" "cabi_realloc" (func $alloc (param i32 i32 i32 i32) (result i32)))
    (import "env" "[resource-new]counter" (func $new (param i32) (result i32)))
    (data (i32.const 256) "merged")  ;; 6

    ;; Allocates a record and returns a new handle for it.
    (func $make (param $value i32) (param $label i32) (param $len i32) (result i32)
      (local $rep i32)
      (local.set $rep (call $alloc (i32.const 0) (i32.const 0) (i32.const 4) (i32.const 12)))
      (i32.store (local.get $rep) (local.get $value))
      (i32.store offset=4 (local.get $rep) (local.get $label))
      (i32.store offset=8 (local.get $rep) (local.get $len))
      (call $new (local.get $rep)))

    (func (export "[constructor]counter") (param $label i32) (param $len i32) (result i32)
      (call $make (i32.const 0) (local.get $label) (local.get $len)))

    (func (export "[method]counter.increment") (param $self i32) (param $by i32) (result i32)
      (i32.store (local.get $self) (i32.add (i32.load (local.get $self)) (local.get $by)))
      (i32.load (local.get $self)))

    (func (export "[method]counter.label") (param $self i32) (result i32)
      (i32.store (i32.const 32) (i32.load offset=4 (local.get $self)))
      (i32.store (i32.const 36) (i32.load offset=8 (local.get $self)))
      (i32.const 32))

    (func (export "[static]counter.merge") (param $a i32) (param $b i32) (result i32)
      (call $make (i32.add (i32.load (local.get $a)) (i32.load (local.get $b)))
                  (i32.const 256) (i32.const 6)))

    (func (export "dropped") (result i32)
      (i32.load (i32.const 16))))
  (core instance $main (instantiate $main
    (with "env" (instance
      (export "memory" (memory $memory))
      (export "cabi_realloc" (func $realloc))
      (export "[resource-new]counter" (func $counter-new))))))
  (alias core export $main "[constructor]counter" (core func $ctor-core))
  (alias core export $main "[method]counter.increment" (core func $increment-core))
  (alias core export $main "[method]counter.label" (core func $label-core))
  (alias core export $main "[static]counter.merge" (core func $merge-core))
  (alias core export $main "dropped" (core func $dropped-core))

  (func $ctor (param "label" string) (result (own $counter))
    (canon lift (core func $ctor-core) (memory $memory) (realloc $realloc)))
  (func $increment (param "self" (borrow $counter)) (param "by" u32) (result u32)
    (canon lift (core func $increment-core)))
  (func $label (param "self" (borrow $counter)) (result string)
    (canon lift (core func $label-core) (memory $memory)))
  (func $merge (param "a" (borrow $counter)) (param "b" (borrow $counter)) (result (own $counter))
    (canon lift (core func $merge-core)))
  (func $dropped (result u32)
    (canon lift (core func $dropped-core)))

  ;; A resource that a function uses must be named where the function is exported, so the
  ;; interface is built by a nested component that imports the type and functions and exports
  ;; them again, with types that refer to its own export of the resource.
  (component $interface
    (import "import-type-counter" (type $c (sub resource)))
    (import "import-constructor" (func $ctor (param "label" string) (result (own $c))))
    (import "import-increment" (func $increment (param "self" (borrow $c)) (param "by" u32) (result u32)))
    (import "import-label" (func $label (param "self" (borrow $c)) (result string)))
    (import "import-merge" (func $merge (param "a" (borrow $c)) (param "b" (borrow $c)) (result (own $c))))
    (import "import-dropped" (func $dropped (result u32)))
    (export $counter "counter" (type $c))
    (export "[constructor]counter" (func $ctor)
      (func (param "label" string) (result (own $counter))))
    (export "[method]counter.increment" (func $increment)
      (func (param "self" (borrow $counter)) (param "by" u32) (result u32)))
    (export "[method]counter.label" (func $label)
      (func (param "self" (borrow $counter)) (result string)))
    (export "[static]counter.merge" (func $merge)
      (func (param "a" (borrow $counter)) (param "b" (borrow $counter)) (result (own $counter))))
    (export "dropped" (func $dropped)))
  (instance $counters (instantiate $interface
    (with "import-type-counter" (type $counter))
    (with "import-constructor" (func $ctor))
    (with "import-increment" (func $increment))
    (with "import-label" (func $label))
    (with "import-merge" (func $merge))
    (with "import-dropped" (func $dropped))))
  (export "example:counter/counters@0.1.0" (instance $counters))
)
