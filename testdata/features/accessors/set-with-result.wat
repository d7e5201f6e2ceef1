;; a setter returns nothing
(component
  (import "[get]x" (func (result u32))) (import "[set]x" (func (param "value" u32) (result u32))))
