package kb

// automaton finds many keywords in one pass over a text (Aho-Corasick, compiled to a full
// transition table). Bytes that occur in no keyword share one column, so the table stays small.
type automaton struct {
	class   [256]uint8 // byte -> column; 0 for bytes in no keyword
	columns int32
	table   []int32   // state*columns + column -> next state
	out     [][]int32 // state -> keywords that end here
	hasOut  []bool    // state -> whether some keyword ends here
	lens    []int     // keyword -> length
}

func newAutomaton(keywords []string) *automaton {
	a := &automaton{columns: 1}
	size := 1
	for _, k := range keywords {
		for i := 0; i < len(k); i++ {
			if a.class[k[i]] == 0 {
				a.class[k[i]] = uint8(a.columns)
				a.columns++
			}
		}
		a.lens = append(a.lens, len(k))
		size += len(k)
	}
	a.table = make([]int32, a.columns, int(a.columns)*size)
	a.out = make([][]int32, 1, size)
	for n, k := range keywords {
		s := int32(0)
		for i := 0; i < len(k); i++ {
			at := s*a.columns + int32(a.class[k[i]])
			if a.table[at] == 0 {
				a.table[at] = int32(len(a.out))
				a.table = append(a.table, make([]int32, a.columns)...)
				a.out = append(a.out, nil)
			}
			s = a.table[at]
		}
		a.out[s] = append(a.out[s], int32(n))
	}
	a.link()
	a.hasOut = make([]bool, len(a.out))
	for s := range a.out {
		a.hasOut[s] = len(a.out[s]) > 0
	}
	return a
}

// link computes, breadth first, each state's failure (the longest proper suffix that is also
// a prefix); missing transitions borrow the failure's, and outputs inherit the failure's.
func (a *automaton) link() {
	fail := make([]int32, len(a.out))
	var queue []int32
	for c := int32(1); c < a.columns; c++ {
		if t := a.table[c]; t != 0 {
			queue = append(queue, t)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		a.out[s] = append(a.out[s], a.out[fail[s]]...)
		for c := int32(1); c < a.columns; c++ {
			t := a.table[s*a.columns+c]
			if t == 0 {
				a.table[s*a.columns+c] = a.table[fail[s]*a.columns+c]
				continue
			}
			fail[t] = a.table[fail[s]*a.columns+c]
			queue = append(queue, t)
		}
	}
}

// each calls f with every keyword occurrence in text and the offset where it starts.
func (a *automaton) each(text string, f func(keyword, start int)) {
	s := int32(0)
	for i := 0; i < len(text); i++ {
		s = a.table[s*a.columns+int32(a.class[text[i]])]
		if a.hasOut[s] {
			for _, k := range a.out[s] {
				f(int(k), i+1-a.lens[k])
			}
		}
	}
}

// first returns, for each keyword found in text, the offset where it first starts.
func (a *automaton) first(text string) map[int]int {
	hits := map[int]int{}
	a.each(text, func(k, start int) {
		if _, seen := hits[k]; !seen {
			hits[k] = start
		}
	})
	return hits
}
