;; a core module inside a nested component, with a 64-bit memory
(component
  (component
    (core module (memory i64 1))))
