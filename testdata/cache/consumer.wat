;; Hand-written consumer of example:cache/cache@0.1.0 (world `consumer` in cache.wit).
;;
;; It imports the cache, and exports example:cache/app@0.1.0 with `run: func() -> string`, which
;; drives the cache through every case and describes each outcome; check-cache.py compares the text.
;;
;; Two core modules avoid the usual import cycle (lowering needs a memory and an allocator that
;; must exist before the module using the lowered functions is instantiated):
;;   $heap  defines the memory and `cabi_realloc` (a bump allocator, never frees);
;;   $main  imports that memory and the lowered cache functions, and implements `run`.
;;
;; Memory of $main: constant strings at 256.., argument bytes at 1024.., the return area for
;; imported calls at 2048 (16 bytes), run's own return area at 2064 (8 bytes), the output text at
;; 4096..8191, and the heap (results of imported calls) from 8192 up.
(component
  (import "example:cache/cache@0.1.0" (instance $cache
    (type $error' (variant (case "not-found") (case "io" string)))
    (export "error" (type $error (eq $error')))
    (type $bytes (list u8))
    (type $unit-result (result (error $error)))
    (type $bytes-result (result $bytes (error $error)))
    (export "set" (func (param "key" string) (param "value" $bytes) (result $unit-result)))
    (export "get" (func (param "key" string) (result $bytes-result)))
    (export "delete" (func (param "key" string) (result $unit-result)))))

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

  (alias export $cache "set" (func $set))
  (alias export $cache "get" (func $get))
  (alias export $cache "delete" (func $delete))
  (core func $set-core (canon lower (func $set) (memory $memory) (realloc $realloc)))
  (core func $get-core (canon lower (func $get) (memory $memory) (realloc $realloc)))
  (core func $delete-core (canon lower (func $delete) (memory $memory) (realloc $realloc)))

  (core module $main
    (import "env" "memory" (memory 1))
    (import "cache" "set" (func $set (param i32 i32 i32 i32 i32)))
    (import "cache" "get" (func $get (param i32 i32 i32)))
    (import "cache" "delete" (func $delete (param i32 i32 i32)))

    ;; Constant text; the comment after each gives its length.
    (data (i32.const 256) "hello")        ;; 5
    (data (i32.const 264) "missing")      ;; 7
    (data (i32.const 272) "set hello=")   ;; 10
    (data (i32.const 288) "; get hello=") ;; 12
    (data (i32.const 304) "; get missing=") ;; 14
    (data (i32.const 320) "; delete hello=") ;; 15
    (data (i32.const 336) "; set ''=")    ;; 9
    (data (i32.const 352) "ok")           ;; 2
    (data (i32.const 360) "not-found")    ;; 9
    (data (i32.const 372) "io(")          ;; 3
    (data (i32.const 376) ")")            ;; 1
    (data (i32.const 380) "[")            ;; 1
    (data (i32.const 384) "]")            ;; 1
    (data (i32.const 388) ",")            ;; 1
    (data (i32.const 1024) "\01\02\03")   ;; the value stored under "hello"

    (global $out_len (mut i32) (i32.const 0))

    ;; Appends (ptr, len) to the output text.
    (func $emit (param $ptr i32) (param $len i32)
      (if (i32.gt_u (i32.add (global.get $out_len) (local.get $len)) (i32.const 4096))
        (then unreachable))
      (memory.copy (i32.add (i32.const 4096) (global.get $out_len)) (local.get $ptr) (local.get $len))
      (global.set $out_len (i32.add (global.get $out_len) (local.get $len))))

    ;; Appends one byte as a decimal number.
    (func $emit_u8 (param $b i32)
      (if (i32.ge_u (local.get $b) (i32.const 100))
        (then (call $emit_digit (i32.div_u (local.get $b) (i32.const 100)))))
      (if (i32.ge_u (local.get $b) (i32.const 10))
        (then (call $emit_digit (i32.rem_u (i32.div_u (local.get $b) (i32.const 10)) (i32.const 10)))))
      (call $emit_digit (i32.rem_u (local.get $b) (i32.const 10))))
    (func $emit_digit (param $d i32)
      (i32.store8 (i32.const 3072) (i32.add (local.get $d) (i32.const 48)))
      (call $emit (i32.const 3072) (i32.const 1)))

    ;; Appends the error whose case byte is at $err (payload string at $err+4).
    (func $emit_error (param $err i32)
      (if (i32.eqz (i32.load8_u (local.get $err)))
        (then (call $emit (i32.const 360) (i32.const 9)))
        (else
          (call $emit (i32.const 372) (i32.const 3))
          (call $emit (i32.load offset=4 (local.get $err)) (i32.load offset=8 (local.get $err)))
          (call $emit (i32.const 376) (i32.const 1)))))

    ;; Appends a result<_, error> read from the return area at 2048.
    (func $emit_unit_result
      (if (i32.eqz (i32.load8_u (i32.const 2048)))
        (then (call $emit (i32.const 352) (i32.const 2)))
        (else (call $emit_error (i32.const 2052)))))

    ;; Appends a result<list<u8>, error> read from the return area at 2048, e.g. "[1,2,3]".
    (func $emit_bytes_result
      (local $ptr i32) (local $len i32) (local $i i32)
      (if (i32.load8_u (i32.const 2048))
        (then (call $emit_error (i32.const 2052)) (return)))
      (local.set $ptr (i32.load (i32.const 2052)))
      (local.set $len (i32.load (i32.const 2056)))
      (call $emit (i32.const 380) (i32.const 1))
      (block $done
        (loop $next
          (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
          (if (local.get $i) (then (call $emit (i32.const 388) (i32.const 1))))
          (call $emit_u8 (i32.load8_u (i32.add (local.get $ptr) (local.get $i))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
      (call $emit (i32.const 384) (i32.const 1)))

    ;; run() -> string. Expected text:
    ;; "set hello=ok; get hello=[1,2,3]; get missing=not-found; delete hello=ok;
    ;;  get hello=not-found; set ''=io(empty key)"   (one line, "; " between the parts)
    (func (export "run") (result i32)
      (global.set $out_len (i32.const 0))
      (call $emit (i32.const 272) (i32.const 10))
      (call $set (i32.const 256) (i32.const 5) (i32.const 1024) (i32.const 3) (i32.const 2048))
      (call $emit_unit_result)

      (call $emit (i32.const 288) (i32.const 12))
      (call $get (i32.const 256) (i32.const 5) (i32.const 2048))
      (call $emit_bytes_result)

      (call $emit (i32.const 304) (i32.const 14))
      (call $get (i32.const 264) (i32.const 7) (i32.const 2048))
      (call $emit_bytes_result)

      (call $emit (i32.const 320) (i32.const 15))
      (call $delete (i32.const 256) (i32.const 5) (i32.const 2048))
      (call $emit_unit_result)

      (call $emit (i32.const 288) (i32.const 12))
      (call $get (i32.const 256) (i32.const 5) (i32.const 2048))
      (call $emit_bytes_result)

      (call $emit (i32.const 336) (i32.const 9))
      (call $set (i32.const 256) (i32.const 0) (i32.const 1024) (i32.const 1) (i32.const 2048))
      (call $emit_unit_result)

      (i32.store (i32.const 2064) (i32.const 4096))
      (i32.store (i32.const 2068) (global.get $out_len))
      (i32.const 2064)))
  (core instance $main (instantiate $main
    (with "env" (instance (export "memory" (memory $memory))))
    (with "cache" (instance
      (export "set" (func $set-core))
      (export "get" (func $get-core))
      (export "delete" (func $delete-core))))))
  (alias core export $main "run" (core func $run-core))

  (func $run (result string) (canon lift (core func $run-core) (memory $memory)))
  (instance $app (export "run" (func $run)))
  (export "example:cache/app@0.1.0" (instance $app))
)
