window.everyPage = true;
