window.thebe = true;
