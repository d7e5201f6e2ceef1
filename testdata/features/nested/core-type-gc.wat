;; GC types in a component's core type section and in a core module type
(component
  (core type (struct (field i32)))
  (core type (module (type (array i8)) (import "m" "f" (func)))))
