// app scripts
