;; a nested core module with a shared memory
(component
  (core module (memory 1 1 shared)))
