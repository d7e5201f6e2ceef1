;; a setter may return a result without a value
(component
  (import "[get]x" (func (result u32))) (import "[set]x" (func (param "v" u32) (result (result (error u32))))))
