;; Chain component c (world `c` in chain.wit): exports example:chain/log@0.1.0.
;; `append` counts the messages it receives; it keeps the last one's length at address 16.
(component
  (core module $log
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 1024))
    (global $count (mut i32) (i32.const 0))
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
    (func (export "append") (param $ptr i32) (param $len i32) (result i32)
      (i32.store (i32.const 16) (local.get $len))
      (global.set $count (i32.add (global.get $count) (i32.const 1)))
      (global.get $count)))
  (core instance $log (instantiate $log))
  (alias core export $log "memory" (core memory $memory))
  (alias core export $log "cabi_realloc" (core func $realloc))
  (alias core export $log "append" (core func $append-core))

  (func $append (param "message" string) (result u32)
    (canon lift (core func $append-core) (memory $memory) (realloc $realloc)))
  (instance $log-instance (export "append" (func $append)))
  (export "example:chain/log@0.1.0" (instance $log-instance))
)
