;; lowering into a 64-bit memory: the memory comes from a nested module (memory64) and the option needs cm64
(component
  (import "f" (func $f (param "x" string)))
  (core module $m (memory (export "mem") i64 1) (func (export "realloc") (param i64 i64 i64 i64) (result i64) unreachable))
  (core instance $i (instantiate $m))
  (core func (canon lower (func $f) (memory (core memory $i "mem")) (realloc (core func $i "realloc")))))
