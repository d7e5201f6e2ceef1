;; the same with a non-shared import type for thread.spawn-ref: a type mismatch
(component
  (core type $ft (shared (func (param i32))))
  (core func $spawn (canon thread.spawn-ref $ft))
  (core module $tm (table (export "t") shared 1 1 (ref null (shared func))))
  (core instance $ti (instantiate $tm))
  (core func $spawn-indirect (canon thread.spawn-indirect $ft (core table $ti "t")))
  (core func $parallelism (canon thread.available_parallelism))
  (core module $m
    (type $ft (shared (func (param i32))))
    (type $s (func (param (ref null $ft)) (param i32) (result i32)))
    (type $si (shared (func (param i32) (param i32) (result i32))))
    (type $p (shared (func (result i32))))
    (import "" "spawn" (func (type $s)))
    (import "" "spawn-indirect" (func (type $si)))
    (import "" "parallelism" (func (type $p))))
  (core instance (instantiate $m (with "" (instance
    (export "spawn" (func $spawn)) (export "spawn-indirect" (func $spawn-indirect))
    (export "parallelism" (func $parallelism)))))))
