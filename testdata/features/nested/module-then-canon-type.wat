;; the reverse of canon-type-then-module: the module declares `(func (param f32))` first, so it is checked
;; there (with -floats rejected: floating-point support is disabled)
(component
  (import "f" (func $f (param "x" f32)))
  (core module (type (func (param f32))))
  (core func (canon lower (func $f)))
)
