(component (type (map u8 u8)))
