(component (type $s (stream u8)) (core func (canon stream.forward $s)))
