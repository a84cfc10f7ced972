// Package report is what a training run leaves for a person to read: the
// lines it prints as it goes, and its folder of files, the figures of
// §4.5.3 drawn as SVG by package plot, report.html with every figure on
// one page, loss.csv, accuracy.csv and confusion.csv, written together or
// not at all. The command line and the lab both keep their runs' folders
// with it; the training itself is package train's.
//
//	report.go   the lines printed as a run goes: FormatEval, the book's BookLine, Reporter, Updates
//	folder.go   a run's folder: its checkpoints, then its files
//	files.go    an Output: files written into a folder together; the names a run leaves
//	figures.go  Figures 4-11 and 4-12, the hidden units, the confusion, the mistakes
//	inspect.go  what the trained network reads: confusion, mistakes
//	page.go     report.html, every figure on one page
//	numbers.go  loss.csv and accuracy.csv, in numbers that read back exactly
//	read.go     an image of a digit read by a trained network (predict, the lab)
package report
