;; but not one with a value
(component
  (import "[get]x" (func (result u32))) (import "[set]x" (func (param "v" u32) (result (result u32)))))
