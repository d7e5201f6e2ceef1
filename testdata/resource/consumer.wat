;; Hand-written consumer of example:counter/counters@0.1.0 (world `consumer` in counter.wit).
;; run() creates "apples" and "pears", increments them, merges them, reads every label, drops all
;; three handles and asks the provider how many were dropped:
;;   "apples=5; pears=7; merged=12; dropped=3"
;;
;; Memory: constants at 256.., label return area at 64, run's return area at 72, the output at
;; 4096.., the heap (labels returned by the provider) from 8192 up.
(component
  (import "example:counter/counters@0.1.0" (instance $counters
    (export "counter" (type $counter (sub resource)))
    (export "[constructor]counter" (func (param "label" string) (result (own $counter))))
    (export "[method]counter.increment"
      (func (param "self" (borrow $counter)) (param "by" u32) (result u32)))
    (export "[method]counter.label" (func (param "self" (borrow $counter)) (result string)))
    (export "[static]counter.merge"
      (func (param "a" (borrow $counter)) (param "b" (borrow $counter)) (result (own $counter))))
    (export "dropped" (func (result u32)))))
  (alias export $counters "counter" (type $counter))

  (core module $heap
    (memory (export "memory") 1)
    (global $next (mut i32) (i32.const 8192))
    (func (export "cabi_realloc")
      (param $old i32) (param $old_size i32) (param $align i32) (param $new_size i32) (result i32)
      (local $ptr i32) (local $end i32)
      (if (i32.and (i32.ne (local.get $old) (i32.const 0))
                   (i32.le_u (local.get $new_size) (local.get $old_size)))
        (then (return (local.get $old))))
      (local.set $ptr
        (i32.and (i32.add (global.get $next) (i32.sub (local.get $align) (i32.const 1)))
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
      (global.set $next (local.get $end))
      (if (i32.ne (local.get $old) (i32.const 0))
        (then (memory.copy (local.get $ptr) (local.get $old) (local.get $old_size))))
      (local.get $ptr)))
  (core instance $heap (instantiate $heap))
  (alias core export $heap "memory" (core memory $memory))
  (alias core export $heap "cabi_realloc" (core func $realloc))

  (alias export $counters "[constructor]counter" (func $ctor))
  (alias export $counters "[method]counter.increment" (func $increment))
  (alias export $counters "[method]counter.label" (func $label))
  (alias export $counters "[static]counter.merge" (func $merge))
  (alias export $counters "dropped" (func $dropped))
  (core func $ctor-core (canon lower (func $ctor) (memory $memory)))
  (core func $increment-core (canon lower (func $increment)))
  (core func $label-core (canon lower (func $label) (memory $memory) (realloc $realloc)))
  (core func $merge-core (canon lower (func $merge)))
  (core func $dropped-core (canon lower (func $dropped)))
  (core func $drop-core (canon resource.drop $counter))

  (core module $main
    (import "env" "memory" (memory 1))
    (import "counters" "[constructor]counter" (func $new (param i32 i32) (result i32)))
    (import "counters" "[method]counter.increment" (func $increment (param i32 i32) (result i32)))
    (import "counters" "[method]counter.label" (func $label (param i32 i32)))
    (import "counters" "[static]counter.merge" (func $merge (param i32 i32) (result i32)))
    (import "counters" "dropped" (func $dropped (result i32)))
    (import "counters" "[resource-drop]counter" (func $drop (param i32)))
    (data (i32.const 256) "apples")     ;; 6
    (data (i32.const 264) "pears")      ;; 5
    (data (i32.const 272) "=")          ;; 1
    (data (i32.const 276) "; ")         ;; 2
    (data (i32.const 280) "dropped")    ;; 7

    ;; Copies (src, len) to dst; returns dst + len.
    (func $put (param $dst i32) (param $src i32) (param $len i32) (result i32)
      (if (i32.gt_u (local.get $len) (i32.const 1024)) (then unreachable))
      (memory.copy (local.get $dst) (local.get $src) (local.get $len))
      (i32.add (local.get $dst) (local.get $len)))

    ;; Writes $n in decimal at $dst; returns the end.
    (func $put_u32 (param $dst i32) (param $n i32) (result i32)
      (local $digits i32) (local $m i32) (local $end i32)
      (local.set $m (local.get $n))
      (local.set $digits (i32.const 1))
      (block $done
        (loop $count
          (br_if $done (i32.lt_u (local.get $m) (i32.const 10)))
          (local.set $m (i32.div_u (local.get $m) (i32.const 10)))
          (local.set $digits (i32.add (local.get $digits) (i32.const 1)))
          (br $count)))
      (local.set $end (i32.add (local.get $dst) (local.get $digits)))
      (local.set $m (local.get $end))
      (loop $write
        (local.set $m (i32.sub (local.get $m) (i32.const 1)))
        (i32.store8 (local.get $m) (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10))))
        (local.set $n (i32.div_u (local.get $n) (i32.const 10)))
        (br_if $write (i32.gt_u (local.get $m) (local.get $dst))))
      (local.get $end))

    ;; Writes "LABEL=VALUE" for counter $h at $dst; returns the end.
    (func $put_counter (param $dst i32) (param $h i32) (param $value i32) (result i32)
      (call $label (local.get $h) (i32.const 64))
      (local.set $dst (call $put (local.get $dst) (i32.load (i32.const 64)) (i32.load (i32.const 68))))
      (local.set $dst (call $put (local.get $dst) (i32.const 272) (i32.const 1)))
      (call $put_u32 (local.get $dst) (local.get $value)))

    (func (export "run") (result i32)
      (local $a i32) (local $b i32) (local $m i32) (local $end i32)
      (local $va i32) (local $vb i32) (local $vm i32)
      (local.set $a (call $new (i32.const 256) (i32.const 6)))
      (drop (call $increment (local.get $a) (i32.const 2)))
      (local.set $va (call $increment (local.get $a) (i32.const 3)))
      (local.set $b (call $new (i32.const 264) (i32.const 5)))
      (local.set $vb (call $increment (local.get $b) (i32.const 7)))
      (local.set $m (call $merge (local.get $a) (local.get $b)))
      (local.set $vm (call $increment (local.get $m) (i32.const 0)))

      (local.set $end (call $put_counter (i32.const 4096) (local.get $a) (local.get $va)))
      (local.set $end (call $put (local.get $end) (i32.const 276) (i32.const 2)))
      (local.set $end (call $put_counter (local.get $end) (local.get $b) (local.get $vb)))
      (local.set $end (call $put (local.get $end) (i32.const 276) (i32.const 2)))
      (local.set $end (call $put_counter (local.get $end) (local.get $m) (local.get $vm)))

      (call $drop (local.get $a))
      (call $drop (local.get $b))
      (call $drop (local.get $m))
      (local.set $end (call $put (local.get $end) (i32.const 276) (i32.const 2)))
      (local.set $end (call $put (local.get $end) (i32.const 280) (i32.const 7)))
      (local.set $end (call $put (local.get $end) (i32.const 272) (i32.const 1)))
      (local.set $end (call $put_u32 (local.get $end) (call $dropped)))

      (i32.store (i32.const 72) (i32.const 4096))
      (i32.store (i32.const 76) (i32.sub (local.get $end) (i32.const 4096)))
      (i32.const 72)))
  (core instance $main (instantiate $main
    (with "env" (instance (export "memory" (memory $memory))))
    (with "counters" (instance
      (export "[constructor]counter" (func $ctor-core))
      (export "[method]counter.increment" (func $increment-core))
      (export "[method]counter.label" (func $label-core))
      (export "[static]counter.merge" (func $merge-core))
      (export "dropped" (func $dropped-core))
      (export "[resource-drop]counter" (func $drop-core))))))
  (alias core export $main "run" (core func $run-core))

  (func $run (result string) (canon lift (core func $run-core) (memory $memory)))
  (instance $app (export "run" (func $run)))
  (export "example:counter/app@0.1.0" (instance $app))
)
