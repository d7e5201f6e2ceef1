;; a getter must return a value
(component
  (import "[get]x" (func)))
