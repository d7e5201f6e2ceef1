;; Hand-written provider of example:cache/cache@0.1.0 (world `provider` in cache.wit).
;;
;; One core module holds the store: a fixed table of 16 entries in linear memory, each
;; {key_ptr, key_len, val_ptr, val_len, used} (5 x i32 = 20 bytes) at address 64. Arguments arrive
;; through `cabi_realloc` (a bump allocator that never frees), so the table keeps pointing at the
;; bytes the caller lowered into this memory. Results are written to a 16-byte return area:
;;
;;   result<_, error>        [0] u8 0=ok 1=err  [4] u8 error case 0=not-found 1=io  [8] ptr [12] len
;;   result<list<u8>, error> [0] u8 0=ok 1=err  ok: [4] ptr [8] len   err: as above
;;
;; An empty key is refused with io("empty key"); a full table with io("cache full").
(component
  (core module $store
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 1024))

    (data (i32.const 512) "empty key")   ;; 9 bytes
    (data (i32.const 528) "cache full")  ;; 10 bytes

    ;; Canonical ABI allocator: bump allocation, growing memory as needed.
    (func $realloc (export "cabi_realloc")
      (param $old i32) (param $old_size i32) (param $align i32) (param $new_size i32) (result i32)
      (local $ptr i32) (local $end i32)
      ;; Shrinking (or keeping) an existing block: reuse it.
      (if (i32.and (i32.ne (local.get $old) (i32.const 0))
                   (i32.le_u (local.get $new_size) (local.get $old_size)))
        (then (return (local.get $old))))
      ;; ptr = align_up(heap, align)
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

    ;; Address of table entry $i.
    (func $entry (param $i i32) (result i32)
      (i32.add (i32.const 64) (i32.mul (local.get $i) (i32.const 20))))

    ;; Byte-wise equality of two ranges of the same length.
    (func $bytes_eq (param $a i32) (param $b i32) (param $len i32) (result i32)
      (local $i i32)
      (block $done
        (loop $next
          (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
          (if (i32.ne (i32.load8_u (i32.add (local.get $a) (local.get $i)))
                      (i32.load8_u (i32.add (local.get $b) (local.get $i))))
            (then (return (i32.const 0))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
      (i32.const 1))

    ;; Index of the used entry whose key equals (ptr, len), or -1.
    (func $find (param $ptr i32) (param $len i32) (result i32)
      (local $i i32) (local $e i32)
      (block $done
        (loop $next
          (br_if $done (i32.ge_u (local.get $i) (i32.const 16)))
          (local.set $e (call $entry (local.get $i)))
          (if (i32.and
                (i32.load offset=16 (local.get $e))
                (i32.eq (i32.load offset=4 (local.get $e)) (local.get $len)))
            (then
              (if (call $bytes_eq (i32.load (local.get $e)) (local.get $ptr) (local.get $len))
                (then (return (local.get $i))))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
      (i32.const -1))

    ;; Index of a free entry, or -1.
    (func $free_slot (result i32)
      (local $i i32)
      (block $done
        (loop $next
          (br_if $done (i32.ge_u (local.get $i) (i32.const 16)))
          (if (i32.eqz (i32.load offset=16 (call $entry (local.get $i))))
            (then (return (local.get $i))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
      (i32.const -1))

    ;; Return-area writers (the return area lives at address 32).
    (func $ok (result i32)
      (i32.store8 (i32.const 32) (i32.const 0))
      (i32.const 32))
    (func $not_found (result i32)
      (i32.store8 (i32.const 32) (i32.const 1))
      (i32.store8 (i32.const 36) (i32.const 0))
      (i32.const 32))
    (func $io (param $msg i32) (param $len i32) (result i32)
      (i32.store8 (i32.const 32) (i32.const 1))
      (i32.store8 (i32.const 36) (i32.const 1))
      (i32.store (i32.const 40) (local.get $msg))
      (i32.store (i32.const 44) (local.get $len))
      (i32.const 32))

    (func (export "set") (param $kp i32) (param $kl i32) (param $vp i32) (param $vl i32) (result i32)
      (local $i i32) (local $e i32)
      (if (i32.eqz (local.get $kl))
        (then (return (call $io (i32.const 512) (i32.const 9)))))
      (local.set $i (call $find (local.get $kp) (local.get $kl)))
      (if (i32.lt_s (local.get $i) (i32.const 0))
        (then
          (local.set $i (call $free_slot))
          (if (i32.lt_s (local.get $i) (i32.const 0))
            (then (return (call $io (i32.const 528) (i32.const 10)))))))
      (local.set $e (call $entry (local.get $i)))
      (i32.store (local.get $e) (local.get $kp))
      (i32.store offset=4 (local.get $e) (local.get $kl))
      (i32.store offset=8 (local.get $e) (local.get $vp))
      (i32.store offset=12 (local.get $e) (local.get $vl))
      (i32.store offset=16 (local.get $e) (i32.const 1))
      (call $ok))

    (func (export "get") (param $kp i32) (param $kl i32) (result i32)
      (local $i i32) (local $e i32)
      (if (i32.eqz (local.get $kl))
        (then (return (call $io (i32.const 512) (i32.const 9)))))
      (local.set $i (call $find (local.get $kp) (local.get $kl)))
      (if (i32.lt_s (local.get $i) (i32.const 0))
        (then (return (call $not_found))))
      (local.set $e (call $entry (local.get $i)))
      (i32.store8 (i32.const 32) (i32.const 0))
      (i32.store (i32.const 36) (i32.load offset=8 (local.get $e)))
      (i32.store (i32.const 40) (i32.load offset=12 (local.get $e)))
      (i32.const 32))

    (func (export "delete") (param $kp i32) (param $kl i32) (result i32)
      (local $i i32)
      (if (i32.eqz (local.get $kl))
        (then (return (call $io (i32.const 512) (i32.const 9)))))
      (local.set $i (call $find (local.get $kp) (local.get $kl)))
      (if (i32.lt_s (local.get $i) (i32.const 0))
        (then (return (call $not_found))))
      (i32.store offset=16 (call $entry (local.get $i)) (i32.const 0))
      (call $ok))
  )
  (core instance $store (instantiate $store))
  (alias core export $store "memory" (core memory $memory))
  (alias core export $store "cabi_realloc" (core func $realloc))
  (alias core export $store "set" (core func $set-core))
  (alias core export $store "get" (core func $get-core))
  (alias core export $store "delete" (core func $delete-core))

  (type $error (variant (case "not-found") (case "io" string)))
  (type $bytes (list u8))
  (type $unit-result (result (error $error)))
  (type $bytes-result (result $bytes (error $error)))

  (func $set (param "key" string) (param "value" $bytes) (result $unit-result)
    (canon lift (core func $set-core) (memory $memory) (realloc $realloc)))
  (func $get (param "key" string) (result $bytes-result)
    (canon lift (core func $get-core) (memory $memory) (realloc $realloc)))
  (func $delete (param "key" string) (result $unit-result)
    (canon lift (core func $delete-core) (memory $memory) (realloc $realloc)))

  (instance $cache
    (export "error" (type $error))
    (export "set" (func $set))
    (export "get" (func $get))
    (export "delete" (func $delete)))
  (export "example:cache/cache@0.1.0" (instance $cache))
)
