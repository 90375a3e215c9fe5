// The CommonMark module.
