;; a setter takes one value
(component
  (import "[get]x" (func (result u32))) (import "[set]x" (func (param "value" u32) (param "b" u32))))
