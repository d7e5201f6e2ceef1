;; a getter returning result<T, E> pairs with a setter of T
(component
  (import "[get]x" (func (result (result u32 (error u8))))) (import "[set]x" (func (param "v" u32))))
