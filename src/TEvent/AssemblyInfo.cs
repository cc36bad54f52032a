namespace TEvent;
