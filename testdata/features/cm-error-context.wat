(component (type error-context))
