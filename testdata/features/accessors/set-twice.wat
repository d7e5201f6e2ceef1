;; a setter cannot repeat
(component
  (import "[get]x" (func (result u32))) (import "[set]x" (func (param "value" u32))) (import "[set]x" (func (param "value" u32))))
