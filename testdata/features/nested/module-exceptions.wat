;; a nested core module with a tag
(component
  (core module (tag)))
