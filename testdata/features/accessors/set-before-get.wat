;; a setter needs its getter before it, not after
(component
  (import "[set]x" (func (param "value" u32))) (import "[get]x" (func (result u32))))
