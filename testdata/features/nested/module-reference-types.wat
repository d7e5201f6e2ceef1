;; a nested core module with an externref parameter
(component
  (core module (func (param externref))))
