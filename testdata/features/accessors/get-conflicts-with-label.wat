;; `[get]x` and `x` are the same name for uniqueness
(component
  (import "[get]x" (func (result u32))) (import "x" (func)))
