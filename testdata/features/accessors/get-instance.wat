;; accessor names name functions
(component
  (import "[get]x" (instance)))
