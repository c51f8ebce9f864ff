"""The open datasets: what each one holds (registry), how its rows are read (rows), the
files it is downloaded as (files), its data dictionary (tableschema) and the DCAT
catalogue that describes them all (dcat)."""
