;; in a component type, imports and exports pair separately
(component
  (type (component (import "[get]x" (func (result u32))) (export "[set]x" (func (param "v" u32))))))
