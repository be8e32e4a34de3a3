package decision

// referrerMatches reports whether the whole referrer matches the filter,
// where "*" in the filter stands for any sequence of characters and every
// other character is literal.
func referrerMatches(filter, ref string) bool {
	fi, ri := 0, 0
	star, mark := -1, 0
	for ri < len(ref) {
		switch {
		case fi < len(filter) && filter[fi] == '*':
			star, mark = fi, ri
			fi++
		case fi < len(filter) && filter[fi] == ref[ri]:
			fi++
			ri++
		case star >= 0:
			fi = star + 1
			mark++
			ri = mark
		default:
			return false
		}
	}
	for fi < len(filter) && filter[fi] == '*' {
		fi++
	}
	return fi == len(filter)
}
