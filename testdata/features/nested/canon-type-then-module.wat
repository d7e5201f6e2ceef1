;; a built-in's function type (`canon lower` of a function taking f32) is interned before a nested module
;; declares the same type: one core type store, so the module finds the type interned and does not check
;; it again, as wasmparser does (with -floats this validates; see module-then-canon-type for the reverse)
(component
  (import "f" (func $f (param "x" f32)))
  (core func (canon lower (func $f)))
  (core module (type (func (param f32))))
)
