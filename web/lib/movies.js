// movies.csv (movieId,title,genres) as MovieLens writes it: titles that hold a
// comma are double-quoted, with "" for a quote inside. Titles are data from a
// file: the page only ever shows them with textContent or on a canvas.

// Splits one CSV line into fields, honouring double quotes.
export function splitCsvLine(line) {
  const fields = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"') {
        if (line[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') { fields.push(field); field = ''; }
    else field += c;
  }
  fields.push(field);
  return fields;
}

// "Toy Story (1995)" -> 1995; titles without a year give null.
export function yearOf(title) {
  const m = /\((\d{4})(?:[-–]\d{0,4})?\)\s*$/.exec(title);
  return m ? Number(m[1]) : null;
}

// Returns a Map id -> { id, title, year, genres: string[] }. Lines that do not
// parse are skipped and counted: movie titles only decorate the page.
export function parseMovies(text) {
  const movies = new Map();
  let skipped = 0;
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    if (!line.trim()) continue;
    // Most lines quote nothing: then no title holds a comma and a plain split does.
    const f = line.includes('"') ? splitCsvLine(line) : line.split(',');
    const id = Number(f[0]);
    if (f.length < 2 || !Number.isInteger(id)) {
      if (n > 0) skipped++;
      continue;
    }
    const title = f[1].trim();
    const genres = f[2] && f[2] !== '(no genres listed)' ? f[2].split('|').map((g) => g.trim()).filter(Boolean) : [];
    movies.set(id, { id, title, year: yearOf(title), genres });
  }
  return { movies, skipped };
}
