;; Chain component a (world `a` in chain.wit): imports example:chain/greeter@0.1.0 (from b) and
;; exports example:chain/app@0.1.0. run() greets "alice" then "bob" and joins the answers:
;; "hello, alice (#1); hello, bob (#2)" when a, b and c are composed.
;;
;; Memory: constants at 256.., the return area of greet at 64, run's at 72, the output at 4096..,
;; the heap (greet's results) from 8192 up.
(component
  (import "example:chain/greeter@0.1.0" (instance $greeter
    (export "greet" (func (param "name" string) (result string)))))

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

  (alias export $greeter "greet" (func $greet))
  (core func $greet-core (canon lower (func $greet) (memory $memory) (realloc $realloc)))

  (core module $main
    (import "env" "memory" (memory 1))
    (import "greeter" "greet" (func $greet (param i32 i32 i32)))
    (data (i32.const 256) "alice")  ;; 5
    (data (i32.const 264) "bob")    ;; 3
    (data (i32.const 268) "; ")     ;; 2

    ;; Copies (src, len) to dst; returns dst + len.
    (func $put (param $dst i32) (param $src i32) (param $len i32) (result i32)
      (if (i32.gt_u (local.get $len) (i32.const 1024)) (then unreachable))
      (memory.copy (local.get $dst) (local.get $src) (local.get $len))
      (i32.add (local.get $dst) (local.get $len)))

    (func (export "run") (result i32)
      (local $end i32)
      (call $greet (i32.const 256) (i32.const 5) (i32.const 64))
      (local.set $end (call $put (i32.const 4096) (i32.load (i32.const 64)) (i32.load (i32.const 68))))
      (local.set $end (call $put (local.get $end) (i32.const 268) (i32.const 2)))
      (call $greet (i32.const 264) (i32.const 3) (i32.const 64))
      (local.set $end (call $put (local.get $end) (i32.load (i32.const 64)) (i32.load (i32.const 68))))
      (i32.store (i32.const 72) (i32.const 4096))
      (i32.store (i32.const 76) (i32.sub (local.get $end) (i32.const 4096)))
      (i32.const 72)))
  (core instance $main (instantiate $main
    (with "env" (instance (export "memory" (memory $memory))))
    (with "greeter" (instance (export "greet" (func $greet-core))))))
  (alias core export $main "run" (core func $run-core))

  (func $run (result string) (canon lift (core func $run-core) (memory $memory)))
  (instance $app (export "run" (func $run)))
  (export "example:chain/app@0.1.0" (instance $app))
)
