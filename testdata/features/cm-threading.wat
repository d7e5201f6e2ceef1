(component (core func (canon thread.index)))
