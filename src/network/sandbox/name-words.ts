/**
 * Word lists for generated container names, in the manner of Docker's pkg/namesgenerator:
 * adjectives on the left, surnames of notable scientists and hackers on the right. Written
 * for Berth (a subset of the same idea, not Docker's exact lists).
 */

export const LEFT_WORDS: readonly string[] = [
  "admiring", "adoring", "affectionate", "agitated", "amazing", "angry", "awesome", "beautiful",
  "blissful", "bold", "boring", "brave", "busy", "charming", "clever", "compassionate",
  "competent", "condescending", "confident", "cool", "cranky", "crazy", "dazzling", "determined",
  "distracted", "dreamy", "eager", "ecstatic", "elastic", "elated", "elegant", "eloquent",
  "epic", "exciting", "fervent", "festive", "flamboyant", "focused", "friendly", "frosty",
  "funny", "gallant", "gifted", "goofy", "gracious", "great", "happy", "hardcore",
  "heuristic", "hopeful", "hungry", "infallible", "inspiring", "intelligent", "interesting", "jolly",
  "jovial", "keen", "kind", "laughing", "loving", "lucid", "magical", "modest",
  "musing", "mystifying", "naughty", "nervous", "nice", "nifty", "nostalgic", "objective",
  "optimistic", "peaceful", "pedantic", "pensive", "practical", "priceless", "quirky", "quizzical",
  "recursing", "relaxed", "reverent", "romantic", "sad", "serene", "sharp", "silly",
  "sleepy", "stoic", "strange", "stupefied", "suspicious", "sweet", "tender", "thirsty",
  "trusting", "unruffled", "upbeat", "vibrant", "vigilant", "vigorous", "wizardly", "wonderful",
  "xenodochial", "youthful", "zealous", "zen",
];

export const RIGHT_WORDS: readonly string[] = [
  "agnesi", "albattani", "allen", "almeida", "archimedes", "ardinghelli", "aryabhata", "austin",
  "babbage", "banach", "bardeen", "bartik", "bassi", "bell", "benz", "bhabha",
  "blackwell", "bohr", "booth", "borg", "bose", "boyd", "brahmagupta", "brattain",
  "brown", "burnell", "cannon", "carson", "cartwright", "cerf", "chandrasekhar", "chaplygin",
  "chatelet", "chebyshev", "cohen", "colden", "cori", "cray", "curie", "darwin",
  "davinci", "diffie", "dijkstra", "dirac", "driscoll", "dubinsky", "easley", "edison",
  "einstein", "elion", "engelbart", "euclid", "euler", "faraday", "fermat", "fermi",
  "feynman", "franklin", "galileo", "gates", "goldberg", "goldstine", "goldwasser", "goodall",
  "haibt", "hamilton", "hawking", "heisenberg", "hermann", "herschel", "hertz", "hodgkin",
  "hofstadter", "hopper", "hypatia", "jackson", "jang", "jennings", "johnson", "joliot",
  "kalam", "keller", "kepler", "khorana", "kilby", "knuth", "kowalevski", "lalande",
  "lamarr", "lamport", "leakey", "leavitt", "lederberg", "lehmann", "lewin", "liskov",
  "lovelace", "lumiere", "mahavira", "margulis", "matsumoto", "maxwell", "mayer", "mccarthy",
  "mcclintock", "meitner", "mendel", "mendeleev", "merkle", "mirzakhani", "moore", "morse",
  "napier", "nash", "neumann", "newton", "nightingale", "nobel", "noether", "northcutt",
  "noyce", "panini", "pare", "pascal", "pasteur", "payne", "perlman", "pike",
  "poincare", "ptolemy", "raman", "ramanujan", "ride", "ritchie", "rosalind", "saha",
  "sammet", "shamir", "shannon", "shockley", "sinoussi", "snyder", "spence", "stonebraker",
  "sutherland", "swartz", "tesla", "thompson", "torvalds", "turing", "varahamihira", "villani",
  "wescoff", "wiles", "williams", "wilson", "wing", "wozniak", "wright", "wu",
  "yalow", "yonath", "zhukovsky",
];
