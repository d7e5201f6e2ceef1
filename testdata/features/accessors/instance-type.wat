;; accessors in an instance type
(component
  (import "i" (instance (export "[get]x" (func (result u32))) (export "[set]x" (func (param "v" u32))))))
