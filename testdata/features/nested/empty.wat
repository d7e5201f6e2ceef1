;; the empty component: rejected only when the component model is off
(component)
