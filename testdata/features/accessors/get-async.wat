;; accessors cannot be async
(component
  (import "[get]x" (func async (result u32))))
