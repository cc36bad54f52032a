namespace Ntvfs;
