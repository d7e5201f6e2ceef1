;; Chain component b (world `b` in chain.wit): imports example:chain/log@0.1.0 (from c) and
;; exports example:chain/greeter@0.1.0. greet(name) records "greet NAME" in the log and returns
;; "hello, NAME (#N)" where N is what `append` returned.
;;
;; Memory: constants at 256.., the message for the log at 4096.., the greeting at 8192..,
;; greet's return area at 64, the heap from 16384 up.
(component
  (import "example:chain/log@0.1.0" (instance $log
    (export "append" (func (param "message" string) (result u32)))))

  (core module $heap
    (memory (export "memory") 1)
    (global $next (mut i32) (i32.const 16384))
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

  (alias export $log "append" (func $append))
  (core func $append-core (canon lower (func $append) (memory $memory)))

  (core module $main
    (import "env" "memory" (memory 1))
    (import "log" "append" (func $append (param i32 i32) (result i32)))
    (data (i32.const 256) "greet ")   ;; 6
    (data (i32.const 264) "hello, ")  ;; 7
    (data (i32.const 272) " (#")      ;; 3
    (data (i32.const 276) ")")        ;; 1

    ;; Copies (src, len) to dst; returns dst + len.
    (func $put (param $dst i32) (param $src i32) (param $len i32) (result i32)
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

    (func (export "greet") (param $name i32) (param $len i32) (result i32)
      (local $end i32) (local $n i32)
      (if (i32.gt_u (local.get $len) (i32.const 2048)) (then unreachable))
      ;; "greet NAME" -> log
      (local.set $end (call $put (i32.const 4096) (i32.const 256) (i32.const 6)))
      (local.set $end (call $put (local.get $end) (local.get $name) (local.get $len)))
      (local.set $n (call $append (i32.const 4096) (i32.sub (local.get $end) (i32.const 4096))))
      ;; "hello, NAME (#N)"
      (local.set $end (call $put (i32.const 8192) (i32.const 264) (i32.const 7)))
      (local.set $end (call $put (local.get $end) (local.get $name) (local.get $len)))
      (local.set $end (call $put (local.get $end) (i32.const 272) (i32.const 3)))
      (local.set $end (call $put_u32 (local.get $end) (local.get $n)))
      (local.set $end (call $put (local.get $end) (i32.const 276) (i32.const 1)))
      (i32.store (i32.const 64) (i32.const 8192))
      (i32.store (i32.const 68) (i32.sub (local.get $end) (i32.const 8192)))
      (i32.const 64)))
  (core instance $main (instantiate $main
    (with "env" (instance (export "memory" (memory $memory))))
    (with "log" (instance (export "append" (func $append-core))))))
  (alias core export $main "greet" (core func $greet-core))

  (func $greet (param "name" string) (result string)
    (canon lift (core func $greet-core) (memory $memory) (realloc $realloc)))
  (instance $greeter (export "greet" (func $greet)))
  (export "example:chain/greeter@0.1.0" (instance $greeter))
)
