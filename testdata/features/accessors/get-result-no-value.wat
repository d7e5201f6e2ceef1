;; a getter returning a result needs its value type
(component
  (import "[get]x" (func (result (result (error u8))))))
