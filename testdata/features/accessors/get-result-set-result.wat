;; the setter takes the value, not the result
(component
  (import "[get]x" (func (result (result u32 (error u8))))) (import "[set]x" (func (param "v" (result u32 (error u8))))))
