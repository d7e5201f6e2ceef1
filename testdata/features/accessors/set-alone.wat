;; a setter needs its getter before it
(component
  (import "[set]x" (func (param "value" u32))))
